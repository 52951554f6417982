/** Sign-in by emailed link and the sessions that follow (stored in PostgreSQL). */
package io.activationworker.signin;
