/** PostgreSQL access: connection pool, Jdbi, Flyway migrations and the embedded default server. */
package io.activationworker.db;
