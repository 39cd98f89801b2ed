/*
 * svg.c - the report's charts as inline SVG with a table of the same
 * numbers (svg.h).  Everything goes through the HTML writer: numbers with
 * nw_htmlw_rawf, labels with nw_htmlw_text.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "normwatch/htmlw.h"
#include "svg.h"

#define LABEL_CHARS	18	/* characters of a label drawn in the SVG */
#define BAR_H		12	/* height of one bar (hbars) */
#define GROUP_GAP	8	/* between groups of bars */
#define PLOT_TOP	34	/* room for the legend */

static const char *const fills[] = { "#1f4e79", "#7f96b2", "#b35900",
	"#5c5c5c" };

/* A round step for about five ticks up to max. */
static long long
tick_step(long long max)
{
	long long step = 1;

	while (max / step > 5) {
		if (max / (step * 2) <= 5)
			return step * 2;
		if (max / (step * 5) <= 5)
			return step * 5;
		step *= 10;
	}
	return step;
}

/* A label cut to LABEL_CHARS characters (UTF-8 aware) with an ellipsis. */
static void
short_label(struct nw_htmlw *w, const char *s)
{
	size_t i, chars = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 &&
		    ++chars > LABEL_CHARS) {
			nw_htmlw_textn(w, s, i);
			nw_htmlw_raw(w, "\xe2\x80\xa6");
			return;
		}
	}
	nw_htmlw_text(w, s);
}

/* The figure, its caption, and the svg element with its name. */
static void
svg_open(struct nw_htmlw *w, const struct nw_svg_chart *c, int width,
    int height)
{
	char tid[96], did[96], lab[200];

	snprintf(tid, sizeof(tid), "%s-title", c->id);
	snprintf(did, sizeof(did), "%s-desc", c->id);
	snprintf(lab, sizeof(lab), "%s %s", tid, did);
	nw_htmlw_open(w, "figure", "id", c->id, "class", "chart", NULL);
	nw_htmlw_elem(w, "figcaption", c->title, NULL);
	nw_htmlw_rawf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"",
	    width, height);
	nw_htmlw_text(w, lab);
	nw_htmlw_raw(w, "\">");
	nw_htmlw_elem(w, "title", c->title, "id", tid, NULL);
	nw_htmlw_elem(w, "desc", c->desc, "id", did, NULL);
	nw_htmlw_raw(w, "<g font-size=\"14\" font-family=\"sans-serif\" "
	    "fill=\"#1a1a1a\">");
}

static void
svg_close(struct nw_htmlw *w)
{
	nw_htmlw_raw(w, "</g></svg>");
}

static void
table_begin(struct nw_htmlw *w, const struct nw_svg_chart *c)
{
	char cid[96];

	snprintf(cid, sizeof(cid), "%s-table", c->id);
	nw_htmlw_open(w, "div", "class", "tw", "role", "region",
	    "aria-labelledby", cid, "tabindex", "0", NULL);
	nw_htmlw_open(w, "table", NULL);
	nw_htmlw_open(w, "caption", "id", cid, NULL);
	nw_htmlw_textf(w, "The numbers of the chart: %s", c->title);
	nw_htmlw_close(w, "caption");
}

static void
table_end(struct nw_htmlw *w)
{
	nw_htmlw_raw(w, "</tbody></table></div>");
}

static int
no_data(struct nw_htmlw *w, const struct nw_svg_chart *c, size_t n)
{
	if (n > 0)
		return 0;
	nw_htmlw_open(w, "figure", "id", c->id, "class", "chart", NULL);
	nw_htmlw_elem(w, "figcaption", c->title, NULL);
	nw_htmlw_elem(w, "p", "Nothing to chart: no incident in this "
	    "period has what this chart counts.", NULL);
	nw_htmlw_close(w, "figure");
	return 1;
}

/* Legend: a swatch and a name per series, along the top. */
static void
legend(struct nw_htmlw *w, const struct nw_svg_series *s, size_t ns, int x0)
{
	size_t k;
	int x = x0;

	for (k = 0; k < ns && k < NW_SVG_MAX_SERIES; k++) {
		nw_htmlw_rawf(w, "<rect x=\"%d\" y=\"8\" width=\"12\" "
		    "height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"19\">", x,
		    fills[s[k].style & 3], x + 16);
		nw_htmlw_text(w, s[k].name);
		nw_htmlw_raw(w, "</text>");
		x += 24 + 8 * (int)strlen(s[k].name);
	}
}

void
nw_svg_hbars(struct nw_htmlw *w, const struct nw_svg_chart *c,
    const char *const *labels, const char *const *full, size_t n,
    const struct nw_svg_series *s, size_t ns)
{
	const int x0 = 140, x1 = NW_SVG_WIDTH - 30;
	long long max = 0, step, t;
	size_t i, k;
	int gh, y, h, bw;

	if (no_data(w, c, n))
		return;
	if (ns > NW_SVG_MAX_SERIES)
		ns = NW_SVG_MAX_SERIES;
	for (i = 0; i < n; i++)
		for (k = 0; k < ns; k++)
			if (s[k].v[i] > max)
				max = s[k].v[i];
	if (max == 0)
		max = 1;
	step = tick_step(max);
	max = (max + step - 1) / step * step;
	gh = (int)ns * (BAR_H + 2) + GROUP_GAP;
	h = PLOT_TOP + (int)n * gh + 44;
	svg_open(w, c, NW_SVG_WIDTH, h);
	legend(w, s, ns, x0);
	/* grid and value axis */
	for (t = 0; t <= max; t += step) {
		int x = x0 + (int)((x1 - x0) * t / max);

		nw_htmlw_rawf(w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" stroke=\"#c8c8c8\"/><text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\">%lld</text>", x, PLOT_TOP - 4, x,
		    PLOT_TOP + (int)n * gh, x, PLOT_TOP + (int)n * gh + 16, t);
	}
	nw_htmlw_rawf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
	    (x0 + x1) / 2, h - 6);
	nw_htmlw_text(w, c->xlabel);
	nw_htmlw_raw(w, "</text>");
	nw_htmlw_rawf(w, "<text transform=\"translate(14 %d) rotate(-90)\" "
	    "text-anchor=\"middle\">", PLOT_TOP + (int)n * gh / 2);
	nw_htmlw_text(w, c->ylabel);
	nw_htmlw_raw(w, "</text>");
	for (i = 0; i < n; i++) {
		y = PLOT_TOP + (int)i * gh;
		nw_htmlw_rawf(w, "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
		    "text-anchor=\"end\">", x0 - 6,
		    y + (int)ns * (BAR_H + 2) / 2 + 4);
		short_label(w, labels[i]);
		nw_htmlw_raw(w, "</text>");
		for (k = 0; k < ns; k++) {
			bw = (int)((x1 - x0) * s[k].v[i] / max);
			nw_htmlw_rawf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"%s\"/><text x=\"%d\" "
			    "y=\"%d\" font-size=\"12\">%lld</text>", x0,
			    y + (int)k * (BAR_H + 2), bw, BAR_H,
			    fills[s[k].style & 3], x0 + bw + 3,
			    y + (int)k * (BAR_H + 2) + BAR_H - 2, s[k].v[i]);
		}
	}
	svg_close(w);

	table_begin(w, c);
	nw_htmlw_raw(w, "<thead><tr>");
	nw_htmlw_elem(w, "th", c->thead, "scope", "col", NULL);
	for (k = 0; k < ns; k++)
		nw_htmlw_elem(w, "th", s[k].name, "scope", "col", NULL);
	nw_htmlw_raw(w, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		nw_htmlw_raw(w, "<tr>");
		nw_htmlw_elem(w, "th", full != NULL ? full[i] : labels[i],
		    "scope", "row", NULL);
		for (k = 0; k < ns; k++)
			nw_htmlw_rawf(w, "<td>%lld</td>", s[k].v[i]);
		nw_htmlw_raw(w, "</tr>");
	}
	table_end(w);
	nw_htmlw_close(w, "figure");
}

void
nw_svg_vbars(struct nw_htmlw *w, const struct nw_svg_chart *c,
    const char *const *labels, size_t n, const long long *v,
    size_t tick_every)
{
	const int x0 = 48, x1 = NW_SVG_WIDTH - 10, y0 = 20, y1 = 220;
	long long max = 0, step, t;
	size_t i;
	int bw, x, bh;

	if (no_data(w, c, n))
		return;
	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	if (max == 0)
		max = 1;
	step = tick_step(max);
	max = (max + step - 1) / step * step;
	bw = (x1 - x0) / (int)n;
	svg_open(w, c, NW_SVG_WIDTH, y1 + 56);
	for (t = 0; t <= max; t += step) {
		int y = y1 - (int)((y1 - y0) * t / max);

		nw_htmlw_rawf(w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
		    "y2=\"%d\" stroke=\"#c8c8c8\"/><text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"end\">%lld</text>", x0, y, x1, y, x0 - 4,
		    y + 4, t);
	}
	for (i = 0; i < n; i++) {
		x = x0 + (int)i * bw;
		bh = (int)((y1 - y0) * v[i] / max);
		nw_htmlw_rawf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"%s\"/>", x + 1, y1 - bh, bw - 2, bh,
		    i + tick_every >= n ? fills[2] : fills[0]);
		/* a tick every tick_every bars, a label every other tick */
		if (tick_every > 0 && i % tick_every == 0)
			nw_htmlw_rawf(w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
			    "y2=\"%d\" stroke=\"#1a1a1a\"/>", x, y1, x,
			    y1 + 6);
		if (tick_every > 0 && i % (2 * tick_every) == 0) {
			nw_htmlw_rawf(w, "<text x=\"%d\" y=\"%d\" "
			    "font-size=\"12\">", x + 1, y1 + 18);
			nw_htmlw_text(w, labels[i]);
			nw_htmlw_raw(w, "</text>");
		}
	}
	nw_htmlw_rawf(w, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#1a1a1a\"/>", x0, y1, x1, y1);
	nw_htmlw_rawf(w, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
	    (x0 + x1) / 2, y1 + 48);
	nw_htmlw_text(w, c->xlabel);
	nw_htmlw_raw(w, "</text>");
	nw_htmlw_rawf(w, "<text transform=\"translate(14 %d) rotate(-90)\" "
	    "text-anchor=\"middle\">", (y0 + y1) / 2);
	nw_htmlw_text(w, c->ylabel);
	nw_htmlw_raw(w, "</text>");
	svg_close(w);

	table_begin(w, c);
	nw_htmlw_raw(w, "<thead><tr>");
	nw_htmlw_elem(w, "th", c->thead, "scope", "col", NULL);
	nw_htmlw_elem(w, "th", c->ylabel, "scope", "col", NULL);
	nw_htmlw_raw(w, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		nw_htmlw_raw(w, "<tr>");
		nw_htmlw_elem(w, "th", labels[i], "scope", "row", NULL);
		nw_htmlw_rawf(w, "<td>%lld</td></tr>", v[i]);
	}
	table_end(w);
	nw_htmlw_close(w, "figure");
}

void
nw_svg_heat(struct nw_htmlw *w, const struct nw_svg_chart *c,
    const char *const *rows, const char *const *rowfull, size_t nrows,
    const char *const *cols, size_t ncols, const long long *v)
{
	const int x0 = 150, y0 = 56, cw = 32, ch = 22;
	long long max = 0, x;
	size_t r, k;
	int red, green, blue, dark, width;

	if (no_data(w, c, nrows * ncols))
		return;
	for (r = 0; r < nrows * ncols; r++)
		if (v[r] > max)
			max = v[r];
	if (max == 0)
		max = 1;
	width = x0 + (int)ncols * cw + 10;
	if (width < NW_SVG_WIDTH)
		width = NW_SVG_WIDTH;
	svg_open(w, c, width, y0 + (int)nrows * ch + 12);
	nw_htmlw_rawf(w, "<text x=\"%d\" y=\"18\" text-anchor=\"middle\">",
	    x0 + (int)ncols * cw / 2);
	nw_htmlw_text(w, c->xlabel);
	nw_htmlw_raw(w, "</text>");
	nw_htmlw_rawf(w, "<text transform=\"translate(14 %d) rotate(-90)\" "
	    "text-anchor=\"middle\">", y0 + (int)nrows * ch / 2);
	nw_htmlw_text(w, c->ylabel);
	nw_htmlw_raw(w, "</text>");
	for (k = 0; k < ncols; k++) {
		nw_htmlw_rawf(w, "<text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\">", x0 + (int)k * cw + cw / 2,
		    y0 - 8);
		nw_htmlw_text(w, cols[k]);
		nw_htmlw_raw(w, "</text>");
	}
	for (r = 0; r < nrows; r++) {
		nw_htmlw_rawf(w, "<text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"end\">", x0 - 6, y0 + (int)r * ch + 15);
		short_label(w, rows[r]);
		nw_htmlw_raw(w, "</text>");
		for (k = 0; k < ncols; k++) {
			x = v[r * ncols + k];
			/* from #eef3f8 (none) to #08306b (the most) */
			red = 0xee - (int)((0xee - 0x08) * x / max);
			green = 0xf3 - (int)((0xf3 - 0x30) * x / max);
			blue = 0xf8 - (int)((0xf8 - 0x6b) * x / max);
			dark = x * 2 > max;
			nw_htmlw_rawf(w, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"#%02x%02x%02x\" "
			    "stroke=\"#ffffff\"/><text x=\"%d\" y=\"%d\" "
			    "text-anchor=\"middle\" fill=\"%s\">%lld</text>",
			    x0 + (int)k * cw, y0 + (int)r * ch, cw, ch, red,
			    green, blue, x0 + (int)k * cw + cw / 2,
			    y0 + (int)r * ch + 15, dark ? "#ffffff" : "#1a1a1a",
			    x);
		}
	}
	svg_close(w);

	table_begin(w, c);
	nw_htmlw_raw(w, "<thead><tr>");
	nw_htmlw_elem(w, "th", c->thead, "scope", "col", NULL);
	for (k = 0; k < ncols; k++)
		nw_htmlw_elem(w, "th", cols[k], "scope", "col", NULL);
	nw_htmlw_raw(w, "</tr></thead><tbody>");
	for (r = 0; r < nrows; r++) {
		nw_htmlw_raw(w, "<tr>");
		nw_htmlw_elem(w, "th", rowfull != NULL ? rowfull[r] : rows[r],
		    "scope", "row", NULL);
		for (k = 0; k < ncols; k++)
			nw_htmlw_rawf(w, "<td>%lld</td>", v[r * ncols + k]);
		nw_htmlw_raw(w, "</tr>");
	}
	table_end(w);
	nw_htmlw_close(w, "figure");
}
