/** Rate limits whose state lives in PostgreSQL, so every instance enforces the same limit. */
package io.activationworker.ratelimit;
