/** PostgreSQL access: connection pool, Jdbi, Flyway migrations, the embedded default server, and telling an outage from a bug. */
package io.activationworker.db;
