package org.bounceguard.storm;

/**
 * A kind of {@link StormStore}, chosen by name with {@code storm.store}: one implementation and one
 * binding under its name in the Guice module's map of storm stores. {@code local} is this node's
 * store, which a shared store falls back to while it cannot answer.
 */
@FunctionalInterface
public interface StormStores {
    StormStore open(StormPolicy policy, MemoryStormStore local);
}
