package dev.hearth.api.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricRegistryTest {

    @Test
    void labelValuesEscapeBackslashQuoteAndLineFeedAsTheTextFormatRequires() {
        MetricRegistry registry = new MetricRegistry();
        MetricRegistry.Counter failures = registry.counter("te_request_failure");
        failures.inc("err", "bad \"input\"\nat C:\\models");

        assertThat(registry.scrape()).isEqualTo("""
                # TYPE te_request_failure counter
                te_request_failure{err="bad \\"input\\"\\nat C:\\\\models"} 1
                """);
        assertThat(registry.scrape().lines()).as("one sample, one line").hasSize(2);
    }

    @Test
    void aValueIsFoundAgainUnderTheSameUnescapedLabels() {
        MetricRegistry registry = new MetricRegistry();
        MetricRegistry.Histogram h = registry.histogram("d", new double[]{1});
        h.observe(0.5, "path", "a\nb");

        assertThat(h.count("path", "a\nb")).isEqualTo(1);
        assertThat(registry.scrape()).contains("d_bucket{path=\"a\\nb\",le=\"1\"} 1\n");
    }

    @Test
    void forgettingALabelValueDropsEverySeriesWithItAndNoOther() {
        MetricRegistry registry = new MetricRegistry();
        MetricRegistry.Counter errors = registry.counter("errors_total");
        MetricRegistry.Histogram d = registry.histogram("d", new double[]{1});
        errors.inc("endpoint", "a/gone", "class", "4xx");
        errors.inc("class", "5xx", "endpoint", "a/gone");
        errors.inc("endpoint", "a/gone-too");
        errors.inc("endpoint", "a/kept");
        d.observe(0.5, "endpoint", "a/gone");

        registry.forget("endpoint", "a/gone");

        assertThat(registry.scrape()).doesNotContain("\"a/gone\"").contains("a/gone-too").contains("a/kept");
        assertThat(errors.value("endpoint", "a/kept")).isEqualTo(1);
    }
}
