// Parses a Prometheus text-format scrape (stdin) with the Prometheus project's own parser,
// github.com/prometheus/common/expfmt (Debian golang-github-prometheus-common-dev), and prints one
// line per series, tab-separated: TYPE name {label=value,...} value (a histogram's or summary's value is its
// sample count; a histogram also prints each bucket as name_bucket {le=...} cumulative count).
// Exits 2, naming the error, if the scrape does not parse.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

func main() {
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "PARSE ERROR:", err)
		os.Exit(2)
	}
	names := make([]string, 0, len(fams))
	for n := range fams {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f := fams[n]
		for _, m := range f.Metric {
			var ls []string
			for _, l := range m.Label {
				ls = append(ls, l.GetName()+"="+l.GetValue())
			}
			labels := strings.Join(ls, ",")
			fmt.Printf("%s\t%s\t{%s}\t%v\n", f.GetType(), n, labels, value(f.GetType(), m))
			if f.GetType() == dto.MetricType_HISTOGRAM {
				for _, b := range m.GetHistogram().GetBucket() {
					fmt.Printf("BUCKET\t%s_bucket\t{%s,le=%v}\t%d\n", n, labels, b.GetUpperBound(), b.GetCumulativeCount())
				}
			}
		}
	}
}

func value(t dto.MetricType, m *dto.Metric) float64 {
	switch t {
	case dto.MetricType_COUNTER:
		return m.GetCounter().GetValue()
	case dto.MetricType_GAUGE:
		return m.GetGauge().GetValue()
	case dto.MetricType_HISTOGRAM:
		return float64(m.GetHistogram().GetSampleCount())
	case dto.MetricType_SUMMARY:
		return float64(m.GetSummary().GetSampleCount())
	default:
		return m.GetUntyped().GetValue()
	}
}
