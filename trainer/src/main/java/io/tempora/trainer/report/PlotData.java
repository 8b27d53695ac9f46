package io.tempora.trainer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * The report's figures as the JSON its script reads: {@code {"figures": [{id, xLabel, yLabel, yFromZero, integerX, x,
 * series: [{label, values, color, dashed, width, style}]}]}}, values without a number as {@code null}.
 */
final class PlotData {

    /**
     * Significant digits kept of each value: a plot a thousand pixels high cannot show a relative difference of
     * 1e-4, and fewer digits keep the page small.
     */
    static final int VALUE_DIGITS = 4;

    /**
     * Significant digits kept of each x value: more than of the values, since the points just before and after a
     * fast decay, hundredths of a second apart, lie a hundred seconds or more from the sequence's start.
     */
    static final int X_DIGITS = 8;

    private static final MathContext VALUE_ROUNDING = new MathContext(VALUE_DIGITS);
    private static final MathContext X_ROUNDING = new MathContext(X_DIGITS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlotData() {}

    /** The JSON text of {@code figures}. */
    static String json(List<Figure> figures) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode o = list.addObject();
            o.put("id", f.id());
            o.put("xLabel", f.xLabel());
            o.put("yLabel", f.yLabel());
            o.put("yFromZero", f.yFromZero());
            o.put("integerX", f.integerX());
            numbers(o.putArray("x"), f.x(), X_ROUNDING);
            ArrayNode series = o.putArray("series");
            for (Figure.Series s : f.series()) {
                ObjectNode so = series.addObject();
                so.put("label", s.label());
                so.put("color", s.color());
                so.put("dashed", s.dashed());
                so.put("width", s.width());
                so.put("style", s.style().name());
                numbers(so.putArray("values"), s.values(), VALUE_ROUNDING);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    private static void numbers(ArrayNode out, double[] values, MathContext rounding) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                out.add(new BigDecimal(v).round(rounding).doubleValue());
            } else {
                out.addNull();
            }
        }
    }
}
