/** Subscriptions (one per tenant and product) and the rules that extend them or add seats. */
package io.activationworker.subscription;
