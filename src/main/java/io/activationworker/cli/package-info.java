/** One class per command of the executable jar. */
package io.activationworker.cli;
