/*
 * svg.h - charts of the quarterly report as inline SVG (src/output/svg.c),
 * written through the HTML writer.  Each chart is a <figure> holding the
 * SVG (role img, named by its <title> and described by its <desc>, with
 * labelled axes) and a table of the same numbers, so the numbers are
 * there for screen readers, for print and for copying.  Private to the
 * report module.
 */
#ifndef NORMWATCH_OUTPUT_SVG_H
#define NORMWATCH_OUTPUT_SVG_H

#include <stddef.h>

#include "normwatch/htmlw.h"

#define NW_SVG_WIDTH	400	/* viewBox width; the page scales it */
#define NW_SVG_MAX_SERIES 4	/* series of one bar chart */

/* One series of numbers, one per label. */
struct nw_svg_series {
	const char	*name;		/* legend and table column */
	const long long	*v;		/* n values */
	int		 style;		/* 0 dark, 1 light: the bar colour */
};

/* What every chart has. */
struct nw_svg_chart {
	const char	*id;		/* unique in the page: "c-principles" */
	const char	*title;		/* the figure's title and SVG name */
	const char	*desc;		/* one sentence for screen readers */
	const char	*xlabel;	/* value axis (hbars) / category axis */
	const char	*ylabel;
	const char	*thead;		/* header of the table's label column */
};

/*
 * Horizontal bars, one group per label (ns series side by side); labels
 * and values are written as text; long labels are shortened in the SVG
 * only (the table has them whole: full may give a longer label per row,
 * or be NULL).
 */
void	nw_svg_hbars(struct nw_htmlw *, const struct nw_svg_chart *,
	    const char *const *labels, const char *const *full, size_t n,
	    const struct nw_svg_series *s, size_t ns);

/*
 * Vertical bars over time: one bar per label (a month "2024-04"); a tick
 * every tick_every bars, labelled every other tick; the last tick_every
 * bars (the period reported) in another colour.
 */
void	nw_svg_vbars(struct nw_htmlw *, const struct nw_svg_chart *,
	    const char *const *labels, size_t n, const long long *v,
	    size_t tick_every);

/*
 * A heat map: rows × cols counts (v[r * ncols + c]); every cell shows its
 * number, so colour is never the only cue.  rowfull names each row in
 * full in the table (or NULL).
 */
void	nw_svg_heat(struct nw_htmlw *, const struct nw_svg_chart *,
	    const char *const *rows, const char *const *rowfull, size_t nrows,
	    const char *const *cols, size_t ncols, const long long *v);

#endif
