/** Configuration: activation.properties plus ACTIVATION_* environment overrides, validated whole at start. */
package io.activationworker.config;
