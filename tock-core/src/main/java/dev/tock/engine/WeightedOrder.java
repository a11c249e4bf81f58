package dev.tock.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * A random order of items in which an item's chance to come first is its share of the weights
 * (Efraimidis–Spirakis: sort by {@code u^(1/w)}, descending).
 */
final class WeightedOrder {
    private WeightedOrder() {
    }

    static List<String> of(List<String> items, ToIntFunction<String> weight) {
        Map<String, Double> keys = new HashMap<>();
        for (String item : items) {
            double u = ThreadLocalRandom.current().nextDouble(Double.MIN_VALUE, 1.0);
            keys.put(item, Math.pow(u, 1.0 / weight.applyAsInt(item)));
        }
        List<String> order = new ArrayList<>(items);
        order.sort(Comparator.comparingDouble((String item) -> keys.get(item)).reversed());
        return order;
    }
}
