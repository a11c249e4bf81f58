package dev.tock.store;

import java.util.ServiceLoader;

/** Opens a store through whichever {@link JobStoreProvider} on the class path handles the URL. */
public final class JobStores {
    private JobStores() {
    }

    public static JobStore open(StoreOptions options) {
        for (JobStoreProvider provider : ServiceLoader.load(JobStoreProvider.class)) {
            var store = provider.open(options);
            if (store.isPresent()) {
                return store.get();
            }
        }
        throw new StoreException("no store handles " + options.url()
                + " (supported: jdbc:postgresql://..., jdbc:h2:...; is tock-store-jdbc on the class path?)");
    }
}
