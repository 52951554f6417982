/** The transactional outbox: queueing email rows inside use-case transactions, and the worker that delivers them. */
package io.activationworker.outbox;
