package dev.tock.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A step's {@code when} condition, in a small language of Tock's own that can read the scope and nothing else
 * (no scripting engine, no reach into the JVM):
 * <pre>
 *   expr    := or
 *   or      := and ("||" and)*
 *   and     := not ("&amp;&amp;" not)*
 *   not     := "!" not | compare
 *   compare := value (("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") value)?
 *   value   := reference | 'text' | "text" | number | true | false | null | "(" expr ")"
 *            | contains(value, value) | len(value)
 * </pre>
 * References are {@code inputs.x}, {@code steps.NAME.output.x} and {@code item.x}. A value is true unless it is
 * false, null, missing, 0, an empty string or an empty list or object. {@code contains} is true when a list
 * holds the value, an object has it as a field name, or a string holds it as text.
 */
public final class WhenExpression {
    private static final Set<String> OPERATORS = Set.of("==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "(", ")", ",");

    private final String source;
    private final Node root;

    private WhenExpression(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    /**
     * @throws InvalidWorkflowException naming {@code field} when the text is not an expression
     */
    public static WhenExpression parse(String source, String field) {
        Parser p = new Parser(tokenize(source, field), field);
        Node root = p.expr();
        if (p.at < p.tokens.size()) {
            throw new InvalidWorkflowException(field, "unexpected '" + p.tokens.get(p.at).text + "' in " + source);
        }
        return new WhenExpression(source, root);
    }

    public String source() {
        return source;
    }

    /** The references it reads, e.g. {@code steps.ports.output.web}. */
    public List<String> references() {
        List<String> out = new ArrayList<>();
        root.collect(out);
        return out;
    }

    boolean test(Scope scope, String field) {
        return truthy(root.eval(scope, field));
    }

    static boolean truthy(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return !v.isEmpty();
    }

    private record Token(String text, boolean literal) {
    }

    private static List<Token> tokenize(String s, String field) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new InvalidWorkflowException(field, "unterminated string in " + s);
                }
                tokens.add(new Token(s.substring(i + 1, end), true));
                i = end + 1;
            } else if (i + 1 < s.length() && OPERATORS.contains(s.substring(i, i + 2))) {
                tokens.add(new Token(s.substring(i, i + 2), false));
                i += 2;
            } else if (OPERATORS.contains(String.valueOf(c))) {
                tokens.add(new Token(String.valueOf(c), false));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "._-".indexOf(s.charAt(i)) >= 0)) {
                    i++;
                }
                tokens.add(new Token(s.substring(start, i), false));
            } else {
                throw new InvalidWorkflowException(field, "unexpected character '" + c + "' in " + s);
            }
        }
        return tokens;
    }

    private interface Node {
        JsonNode eval(Scope scope, String field);

        default void collect(List<String> references) {
        }
    }

    private record Constant(JsonNode value) implements Node {
        public JsonNode eval(Scope scope, String field) {
            return value;
        }
    }

    private record Reference(String path) implements Node {
        public JsonNode eval(Scope scope, String field) {
            return scope.resolve(path, field);
        }

        public void collect(List<String> references) {
            references.add(path);
        }
    }

    private record Not(Node operand) implements Node {
        public JsonNode eval(Scope scope, String field) {
            return bool(!truthy(operand.eval(scope, field)));
        }

        public void collect(List<String> references) {
            operand.collect(references);
        }
    }

    private record Binary(String op, Node left, Node right) implements Node {
        public JsonNode eval(Scope scope, String field) {
            if (op.equals("&&")) {
                return bool(truthy(left.eval(scope, field)) && truthy(right.eval(scope, field)));
            }
            if (op.equals("||")) {
                return bool(truthy(left.eval(scope, field)) || truthy(right.eval(scope, field)));
            }
            JsonNode a = left.eval(scope, field);
            JsonNode b = right.eval(scope, field);
            return bool(switch (op) {
                case "==" -> same(a, b);
                case "!=" -> !same(a, b);
                default -> ordered(op, a, b);
            });
        }

        public void collect(List<String> references) {
            left.collect(references);
            right.collect(references);
        }
    }

    private record Call(String function, List<Node> args) implements Node {
        public JsonNode eval(Scope scope, String field) {
            JsonNode a = args.get(0).eval(scope, field);
            if (function.equals("len")) {
                return JsonNodeFactory.instance.numberNode(a.isTextual() ? a.textValue().length() : a.size());
            }
            JsonNode b = args.get(1).eval(scope, field);
            if (a.isArray()) {
                for (JsonNode e : a) {
                    if (same(e, b)) {
                        return bool(true);
                    }
                }
                return bool(false);
            }
            if (a.isObject()) {
                return bool(a.has(b.asText()));
            }
            return bool(a.isTextual() && a.textValue().contains(b.asText()));
        }

        public void collect(List<String> references) {
            args.forEach(a -> a.collect(references));
        }
    }

    private static JsonNode bool(boolean b) {
        return JsonNodeFactory.instance.booleanNode(b);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        boolean aNone = a.isMissingNode() || a.isNull();
        boolean bNone = b.isMissingNode() || b.isNull();
        if (aNone || bNone) {
            return aNone && bNone;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean ordered(String op, JsonNode a, JsonNode b) {
        int c;
        if (a.isNumber() && b.isNumber()) {
            c = a.decimalValue().compareTo(b.decimalValue());
        } else if (a.isTextual() && b.isTextual()) {
            c = a.textValue().compareTo(b.textValue());
        } else {
            return false;
        }
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final String field;
        private int at;

        Parser(List<Token> tokens, String field) {
            this.tokens = tokens;
            this.field = field;
        }

        private boolean peek(String op) {
            return at < tokens.size() && !tokens.get(at).literal && tokens.get(at).text.equals(op);
        }

        private void expect(String op) {
            if (!peek(op)) {
                throw new InvalidWorkflowException(field, "expected '" + op + "'"
                        + (at < tokens.size() ? " before '" + tokens.get(at).text + "'" : " at the end"));
            }
            at++;
        }

        Node expr() {
            Node left = and();
            while (peek("||")) {
                at++;
                left = new Binary("||", left, and());
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (peek("&&")) {
                at++;
                left = new Binary("&&", left, not());
            }
            return left;
        }

        private Node not() {
            if (peek("!")) {
                at++;
                return new Not(not());
            }
            Node left = value();
            for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
                if (peek(op)) {
                    at++;
                    return new Binary(op, left, value());
                }
            }
            return left;
        }

        private Node value() {
            if (at >= tokens.size()) {
                throw new InvalidWorkflowException(field, "the condition ends too early");
            }
            Token t = tokens.get(at++);
            if (t.literal) {
                return new Constant(JsonNodeFactory.instance.textNode(t.text));
            }
            switch (t.text) {
                case "(" -> {
                    Node inner = expr();
                    expect(")");
                    return inner;
                }
                case "true", "false" -> {
                    return new Constant(bool(Boolean.parseBoolean(t.text)));
                }
                case "null" -> {
                    return new Constant(JsonNodeFactory.instance.nullNode());
                }
                case "contains", "len" -> {
                    expect("(");
                    List<Node> args = new ArrayList<>();
                    args.add(expr());
                    if (t.text.equals("contains")) {
                        expect(",");
                        args.add(expr());
                    }
                    expect(")");
                    return new Call(t.text, args);
                }
                default -> {
                    if (t.text.matches("-?\\d+(\\.\\d+)?")) {
                        return new Constant(JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(t.text)));
                    }
                    if (t.text.matches("(inputs|steps|item)(\\.[A-Za-z0-9_\\-]+)*")) {
                        return new Reference(t.text);
                    }
                    throw new InvalidWorkflowException(field, "unknown word '" + t.text
                            + "' (use inputs.X, steps.NAME.output.X, item.X, literals, contains(), len())");
                }
            }
        }
    }
}
