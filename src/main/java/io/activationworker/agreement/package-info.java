/** Partners and their agreements as stored: who bought, who administers, in which language. */
package io.activationworker.agreement;
