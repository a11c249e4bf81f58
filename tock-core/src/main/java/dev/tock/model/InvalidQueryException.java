package dev.tock.model;

/**
 * A query Tock cannot answer as given, e.g. a page size out of range or a cursor it did not make;
 * {@link #field()} names the offending field. A kind of {@link InvalidJobException}, so that one
 * handler of bad input covers both.
 */
public class InvalidQueryException extends InvalidJobException {
    public InvalidQueryException(String field, String message) {
        super(field, message);
    }
}
