package org.envelopejca.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The comparison as a picture: throughput (MB of plaintext per CPU-second of the benchmark thread where the results
 * carry it, else per second; log scale) by message size (log scale), one
 * line per side (Envelope, the ESDK as shipped and with ACCP installed JVM-wide, raw framed AES-GCM of SunJCE and of
 * ACCP), from JMH's JSON results ({@code MessageSizes}, or {@link Interleaved}'s {@code --json}), one operation.
 *
 * <pre>
 * java -cp benchmarks.jar org.envelopejca.benchmarks.Chart out.png encrypt "title" result.json [more.json ...]
 * </pre>
 * Several files are read as one; a side measured in two of them keeps the last figure.
 */
public final class Chart {
    /** The sides drawn, in legend order, with their labels and colours. */
    private static final Map<String, Object[]> SIDES = new LinkedHashMap<>();

    static {
        SIDES.put("envelope", new Object[] {"Envelope (ACCP backend)", new Color(0x1f77b4)});
        SIDES.put("envelope-jdk", new Object[] {"Envelope (JDK backend)", new Color(0x17becf)});
        SIDES.put("esdk", new Object[] {"ESDK for Java 2.4.1 as shipped", new Color(0xd62728)});
        SIDES.put("esdk-accp", new Object[] {"ESDK for Java 2.4.1, ACCP installed JVM-wide", new Color(0xff7f0e)});
        SIDES.put("raw-accp", new Object[] {"raw framed AES-GCM, ACCP", new Color(0x2ca02c)});
        SIDES.put("raw", new Object[] {"raw framed AES-GCM, SunJCE", new Color(0x7f7f7f)});
    }

    static final String CPU_METRIC = "cpu.worker.norm";

    private Chart() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: Chart out.png encrypt|decrypt title result.json [more.json ...]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        String operation = args[1];
        Map<String, Map<Integer, Double>> mbPerSecond = new LinkedHashMap<>();
        boolean usedCpu = false;
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 3; i < args.length; i++) {
            for (JsonNode result : mapper.readTree(new File(args[i]))) {
                String benchmark = result.path("benchmark").asText();
                if (!benchmark.endsWith("." + operation)) {
                    continue;
                }
                JsonNode params = result.path("params");
                String variant = params.path("variant").asText();
                if (!SIDES.containsKey(variant) || !params.has("messageSize")) {
                    continue;
                }
                int size = Integer.parseInt(params.path("messageSize").asText());
                // messages per CPU-second of the benchmark thread where measured (CpuTimeProfiler, Interleaved):
                // the figure a shared machine's load disturbs least; else JMH's wall-clock score
                JsonNode cpu = result.path("secondaryMetrics").path(CPU_METRIC).path("score");
                double opsPerSecond = cpu.isNumber() && cpu.asDouble() > 0 ? 1e9 / cpu.asDouble()
                        : opsPerSecond(result.path("primaryMetric"));
                usedCpu |= cpu.isNumber();
                mbPerSecond.computeIfAbsent(variant, v -> new LinkedHashMap<>()).put(size, opsPerSecond * size / 1e6);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        List<Color> colours = new ArrayList<>();
        for (var side : SIDES.entrySet()) {
            Map<Integer, Double> points = mbPerSecond.get(side.getKey());
            if (points == null) {
                continue;
            }
            XYSeries series = new XYSeries((String) side.getValue()[0]);
            points.forEach(series::add);
            data.addSeries(series);
            colours.add((Color) side.getValue()[1]);
        }
        if (data.getSeriesCount() == 0) {
            throw new IllegalArgumentException("no " + operation + " results of a known side in the files given");
        }
        LogAxis x = new LogAxis("message size (bytes)");
        x.setBase(2);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        LogarithmicAxis y = new LogarithmicAxis(usedCpu ? "plaintext MB per CPU-second (" + operation + ")"
                : "plaintext MB/s (" + operation + ")");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < colours.size(); i++) {
            renderer.setSeriesPaint(i, colours.get(i));
            renderer.setSeriesStroke(i, new BasicStroke(i == 0 ? 3f : 2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(args[2], JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle("higher is better; both axes logarithmic"));
        ChartUtils.saveChartAsPNG(new File(args[0]), chart, 960, 600);
        System.out.println("wrote " + args[0] + " (" + data.getSeriesCount() + " sides)");
    }

    private static double opsPerSecond(JsonNode primary) {
        double score = primary.path("score").asDouble();
        String unit = primary.path("scoreUnit").asText();
        return switch (unit) {
            case "ops/s" -> score;
            case "ops/ms" -> score * 1e3;
            case "ops/us" -> score * 1e6;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
    }
}
