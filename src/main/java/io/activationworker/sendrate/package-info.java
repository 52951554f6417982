/**
 * The cap on messages per second handed to the SMTP relay ({@code smtp.max-per-second}), held by
 * every worker process together: its state is one row in PostgreSQL.
 */
package io.activationworker.sendrate;
