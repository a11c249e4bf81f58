package dev.tock.store;

import java.util.ServiceLoader;

/** Opens a store through whichever {@link StoreProvider} on the class path handles the URL. */
public final class Stores {
    private Stores() {
    }

    public static Store open(StoreOptions options) {
        for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
            var store = provider.open(options);
            if (store.isPresent()) {
                return store.get();
            }
        }
        throw new StoreException("no store handles " + options.url()
                + " (supported: jdbc:postgresql://..., jdbc:h2:...; is tock-store-jdbc on the class path?)");
    }
}
