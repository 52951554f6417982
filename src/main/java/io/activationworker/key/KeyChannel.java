package io.activationworker.key;

/**
 * How a product key was sold, named as {@code product_key.channel} stores it: {@code open}, one
 * key of an Open License agreement, activated by the emailed link; {@code retail}, a key bought
 * on its own, redeemed on "Your products".
 */
public enum KeyChannel {
    open,
    retail
}
