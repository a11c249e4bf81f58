package dev.tock.model;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one declarative apply set ({@code tock apply --apply-set NAME}) created in one namespace, kept in
 * the store so that {@code --prune} works from any machine: each member is {@code kind/name}, e.g.
 * {@code schedule/nightly}. Only objects that apply created are members, so nothing made by hand is
 * ever pruned.
 */
public record ApplySet(String namespace, String name, Set<String> members) {
    public static final int MAX_MEMBERS = 10_000;
    private static final Pattern MEMBER = Pattern.compile("[a-z]{1,32}/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public ApplySet {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("name", name);
        if (members == null || members.size() > MAX_MEMBERS) {
            throw new InvalidJobException("members", "must list 0-" + MAX_MEMBERS + " objects");
        }
        for (String member : members) {
            if (member == null || !MEMBER.matcher(member).matches()) {
                throw new InvalidJobException("members", "each member is kind/name, e.g. schedule/nightly; was " + member);
            }
        }
        members = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(members));
    }
}
