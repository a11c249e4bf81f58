package dev.tock.workflow;

/**
 * How many items of a fan-out step are in each state, kept on the step's own instance and moved in the transaction
 * that moves an item: planning reads them instead of the items, so a completion costs the same in a fan-out of
 * 10,000 items as in one of 10.
 *
 * @param finished items in a final state, {@code dead} among them
 */
public record ItemCounts(int waiting, int active, int finished, int dead) {
    public static final ItemCounts NONE = new ItemCounts(0, 0, 0, 0);

    /** These counts with one item moved from {@code from} (null: a new item) to {@code to}. */
    ItemCounts moved(InstanceState from, InstanceState to) {
        return add(from, -1).add(to, 1);
    }

    private ItemCounts add(InstanceState state, int n) {
        if (state == null) {
            return this;
        }
        return switch (state) {
            case WAITING -> new ItemCounts(waiting + n, active, finished, dead);
            case ACTIVE -> new ItemCounts(waiting, active + n, finished, dead);
            case DEAD -> new ItemCounts(waiting, active, finished + n, dead + n);
            default -> new ItemCounts(waiting, active, finished + n, dead);
        };
    }

    /** The counts of {@code items}. */
    static ItemCounts of(Iterable<StepInstance> items) {
        ItemCounts c = NONE;
        for (StepInstance i : items) {
            c = c.moved(null, i.state());
        }
        return c;
    }
}
