/**
 * Workflows: named steps, each an ordinary job template, joined by {@code needs}, trigger rules and
 * {@code when} conditions, with fan-out per item and fan-in. The definitions, the expression language and
 * the pure planning of a run live here; the engine and the store apply what {@link dev.tock.workflow.RunPlanner}
 * decides.
 */
package dev.tock.workflow;
