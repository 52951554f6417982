package io.activationworker.key;

/** A product key's state, named as {@code product_key.state} stores it (DESIGN.md's words). */
public enum KeyState {
    unused,
    redeemed
}
