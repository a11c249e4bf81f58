package dev.tock.cli.apply;

/**
 * One object by kind, namespace and name; shown as {@code schedule/default/nightly}. A namespace is its own
 * namespace and shows as {@code namespace/team-a}.
 */
record ObjectRef(Kind kind, String namespace, String name) {

    static ObjectRef namespace(String name) {
        return new ObjectRef(Kind.NAMESPACE, name, name);
    }

    @Override
    public String toString() {
        return kind == Kind.NAMESPACE ? kind.refName() + "/" + name : kind.refName() + "/" + namespace + "/" + name;
    }
}
