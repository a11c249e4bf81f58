package dev.tock.model;


/** A job named a namespace that does not exist. */
public class UnknownNamespaceException extends InvalidJobException {
    public UnknownNamespaceException(String namespace) {
        super("namespace", "namespace \"" + namespace + "\" does not exist");
    }
}
