/** Product keys (parse, normalise, keyed hash, last five) and the random tokens of emailed links and sessions. */
package io.activationworker.key;
