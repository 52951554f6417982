/** Operations: status counts, health and readiness, metrics. */
package io.activationworker.ops;
