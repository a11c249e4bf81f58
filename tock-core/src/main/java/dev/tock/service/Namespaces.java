package dev.tock.service;

import java.util.List;

/** Namespaces: the isolation unit every object lives in; {@code default} exists from the start. */
public interface Namespaces {

    /**
     * Creates a namespace; does nothing when it exists.
     *
     * @return true when this call created it (exactly one of several concurrent callers)
     */
    boolean create(String namespace);

    boolean exists(String namespace);

    /** Every namespace's name, sorted. */
    List<String> list();
}
