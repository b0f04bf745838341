package org.dlnlab.experiments.report;

/** One row of a family's settings table in the report. */
public record Setting(String name, String value) {
}
