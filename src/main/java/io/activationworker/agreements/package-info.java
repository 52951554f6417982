/**
 * Agreements in the portal (the Volume Licensing path): every agreement naming the signed-in
 * administrator, pending and activated, accepted here through the same use case as the emailed
 * link ({@link io.activationworker.activation.ActivateKeys}).
 */
package io.activationworker.agreements;
