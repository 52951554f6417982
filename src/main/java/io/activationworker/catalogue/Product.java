package io.activationworker.catalogue;

/** A product the feed may name, and the most licences one subscription of it may hold. */
public record Product(String name, int maxSeats) {
}
