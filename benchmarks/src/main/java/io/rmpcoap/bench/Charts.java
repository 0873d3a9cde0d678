package io.rmpcoap.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.rmpcoap.bench.Benchmark.Runs;
import io.rmpcoap.bench.LoadEngine.Result;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the report's main comparisons as PNG charts (JFreeChart): req/s against concurrency, inbound and outbound, and
 * the inbound latency percentiles. Each method writes one file and returns the Markdown that embeds it, relative to
 * the report, or an empty string when the run measured nothing to draw.
 */
final class Charts {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 560;
    private static final int[] LEVELS = {1, 16, 64, 256};
    /** One colour per target or client, in the order of Benchmark.INBOUND / OUTBOUND (Okabe-Ito, colour-blind safe). */
    private static final Color[] COLOURS = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00)};
    private static final BasicStroke UDP = new BasicStroke(2.5f);
    private static final BasicStroke DTLS = new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {9f, 5f}, 0f);

    static {
        // no display needed: the charts are drawn into images
        System.setProperty("java.awt.headless", "true");
    }

    private final Benchmark b;
    private final Path dir;
    private final Path reportDir;
    private final String subtitle;

    /**
     * @param dir where the PNGs go
     * @param reportDir the directory of the Markdown report, which the links are relative to
     */
    Charts(Benchmark b, Path dir, Path reportDir) {
        this.b = b;
        this.dir = dir;
        this.reportDir = reportDir;
        this.subtitle = String.format(Locale.ROOT, "Run %s, %d cores; warm-up %.0f s; c=64: %s of %.1f s; other levels: "
                                                   + "one window of %.1f s",
                Benchmark.now().substring(0, 16).replace('T', ' '), Runtime.getRuntime().availableProcessors(), b.warmup(),
                b.reps() == 1 ? "one window" : "median of " + b.reps() + " windows", b.window(), b.shortWindow());
    }

    /** The inbound targets' req/s at c = 1, 16, 64 and 256, UDP solid, DTLS dashed. */
    String inboundThroughput() {
        return throughput("inbound-throughput.png", "Inbound CoAP → HTTP: throughput against concurrency (CON POST)",
                Benchmark.INBOUND.stream().map(t -> new Line(t.id(), display(t.title()))).toList());
    }

    /** The outbound clients' req/s at c = 1, 16, 64 and 256, UDP solid, DTLS dashed. */
    String outboundThroughput() {
        return throughput("outbound-throughput.png", "Outbound Camel producer → CoAP device: throughput against concurrency "
                                                     + "(CON POST)",
                Benchmark.OUTBOUND.stream().map(t -> new Line(t.id(), display(t.title()))).toList());
    }

    /** The inbound targets' p50 and p99 at c=64 (medians of the windows), bars per target and transport. */
    String inboundLatency() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> missing = new ArrayList<>();
        for (Benchmark.Inbound t : Benchmark.INBOUND) {
            for (String sec : List.of("udp", "dtls")) {
                Result m = median(t.id(), sec);
                if (m != null && !Double.isNaN(m.p99Ms())) {
                    data.addValue(m.p50Ms(), transport(sec) + " p50", display(t.title()));
                    data.addValue(m.p99Ms(), transport(sec) + " p99", display(t.title()));
                } else if (b.runs().containsKey(Benchmark.key(t.id(), sec))) {
                    missing.add(display(t.title()) + " · " + transport(sec));
                }
            }
        }
        if (data.getColumnCount() == 0) {
            return "";
        }
        NumberAxis ms = new NumberAxis("latency (ms)");
        CategoryAxis targets = new CategoryAxis();
        targets.setMaximumCategoryLabelLines(3);
        targets.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.05);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.0")));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        // UDP blue, DTLS orange; the median light, the tail dark
        List<Paint> paints = List.of(new Color(0x9ECAE1), new Color(0x08519C), new Color(0xFDD0A2), new Color(0xD94801));
        List<String> keys = List.of("UDP p50", "UDP p99", "DTLS p50", "DTLS p99");
        for (int i = 0; i < data.getRowCount(); i++) {
            bars.setSeriesPaint(i, paints.get(keys.indexOf((String) data.getRowKey(i))));
        }
        CategoryPlot plot = new CategoryPlot(data, targets, ms, bars);
        return write("inbound-latency.png", "Inbound CoAP → HTTP: latency percentiles at c=64 (CON POST)", plot,
                missing, "Latency percentiles of the inbound targets at c=64");
    }

    /** The inbound targets' p99 at c = 1, 16, 64 and 256, on a log scale. */
    String inboundTail() {
        List<Line> lines = Benchmark.INBOUND.stream().map(t -> new Line(t.id(), display(t.title()))).toList();
        Series data = series(lines, Result::p99Ms);
        if (data.points().getSeriesCount() == 0) {
            return "";
        }
        // powers of two, as on the concurrency axis: 0.5, 1, 2, 4 ... ms
        LogAxis ms = new LogAxis("p99 latency (ms, log scale)");
        ms.setBase(2);
        ms.setTickUnit(new NumberTickUnit(1));
        ms.setNumberFormatOverride(new DecimalFormat("0.##"));
        ms.setSmallestValue(0.1);
        ms.setMinorTickMarksVisible(false);
        return write("inbound-p99.png", "Inbound CoAP → HTTP: p99 latency against concurrency (CON POST)",
                linePlot(data.points(), lines, ms), data.missing(), "p99 latency of the inbound targets against concurrency");
    }

    private String throughput(String file, String title, List<Line> lines) {
        Series data = series(lines, Result::reqPerSec);
        if (data.points().getSeriesCount() == 0) {
            return "";
        }
        NumberAxis rate = new NumberAxis("requests per second (req/s)");
        rate.setNumberFormatOverride(new DecimalFormat("#,##0"));
        return write(file, title, linePlot(data.points(), lines, rate), data.missing(), title);
    }

    /** The points to draw, and the runs that had none (nothing answered at any level). */
    private record Series(XYSeriesCollection points, List<String> missing) {
    }

    /** One series per line and transport: (c, value) for each concurrency level measured without failing. */
    private Series series(List<Line> lines, ToDoubleFunction<Result> value) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> missing = new ArrayList<>();
        for (Line line : lines) {
            for (String sec : List.of("udp", "dtls")) {
                Runs r = b.runs().get(Benchmark.key(line.id(), sec));
                if (r == null) {
                    continue;
                }
                XYSeries s = new XYSeries(line.title() + " · " + transport(sec));
                for (int c : LEVELS) {
                    Result x = c == 64 ? r.median() : r.levels.get(c);
                    // a level where nothing was answered (e.g. camel-coap's coaps producer) has no point to draw
                    if (x != null && x.ok() > 0 && x.reqPerSec() > 0 && !Double.isNaN(value.applyAsDouble(x))) {
                        s.add(c, value.applyAsDouble(x));
                    }
                }
                if (!s.isEmpty()) {
                    data.addSeries(s);
                } else {
                    missing.add((String) s.getKey());
                }
            }
        }
        return new Series(data, missing);
    }

    private XYPlot linePlot(XYSeriesCollection data, List<Line> lines, ValueAxis range) {
        LogAxis concurrency = new LogAxis("concurrent requests c (log scale)");
        concurrency.setBase(2);
        concurrency.setTickUnit(new NumberTickUnit(2));
        concurrency.setNumberFormatOverride(new DecimalFormat("0"));
        concurrency.setRange(0.8, 320);
        concurrency.setMinorTickMarksVisible(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = (String) data.getSeriesKey(i);
            int line = 0;
            while (!key.startsWith(lines.get(line).title() + " · ")) {
                line++;
            }
            renderer.setSeriesPaint(i, COLOURS[line % COLOURS.length]);
            renderer.setSeriesStroke(i, key.endsWith(transport("dtls")) ? DTLS : UDP);
        }
        XYPlot plot = new XYPlot(data, concurrency, range, renderer);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private String write(String file, String title, Plot plot, List<String> missing, String alt) {
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 17), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        if (!missing.isEmpty()) {
            chart.addSubtitle(new TextTitle("Not drawn, no request answered: " + String.join(", ", missing),
                    new Font(Font.SANS_SERIF, Font.ITALIC, 12)));
        }
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(file);
            ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
            return "![" + alt + "](" + reportDir.toAbsolutePath().relativize(png.toAbsolutePath()).toString()
                    .replace('\\', '/') + ")";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result median(String id, String sec) {
        Runs r = b.runs().get(Benchmark.key(id, sec));
        return r == null ? null : r.median();
    }

    /** Titles as the tables write them, with a real arrow (a bare "->" breaks across lines). */
    private static String display(String title) {
        return title.replace(" -> ", " → ");
    }

    private static String transport(String sec) {
        return "udp".equals(sec) ? "UDP" : "DTLS";
    }

    private record Line(String id, String title) {
    }
}
