package org.bounceguard.benchmarks.scorecard;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The scorecard's table as a bar chart: one group per row, one bar per side. */
final class ScorecardChart {
    private ScorecardChart() {
    }

    static void write(List<Outcome> sides, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Outcome side : sides) {
            String series = side.side.equals("plain") ? "plain James" : "James + Bounceguard";
            for (ScorecardReport.Row row : ScorecardReport.rows(side)) {
                data.addValue(row.value(), series, row.label());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Backscatter scorecard: the same traffic through both servers",
            null, "messages", data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        // the row labels are sentences: give them room rather than cut them
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setSeriesPaint(0, new Color(0xC0392B));
        renderer.setSeriesPaint(1, new Color(0x2471A3));
        renderer.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator());
        renderer.setDefaultItemLabelsVisible(true);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1400, 700);
    }
}
