/** {@code /help}: the step-by-step guide to activating and redeeming, in English and Dutch, printable. */
package io.activationworker.guide;
