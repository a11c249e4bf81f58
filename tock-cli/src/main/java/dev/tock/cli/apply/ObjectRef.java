package dev.tock.cli.apply;

/** One object by kind, namespace and name; shown as {@code schedule/default/nightly}. */
record ObjectRef(Kind kind, String namespace, String name) {

    @Override
    public String toString() {
        return kind.refName() + "/" + namespace + "/" + name;
    }
}
