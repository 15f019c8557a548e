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
}
