// report-axe.js - the report's pages in headless Chromium (playwright-core
// driving Debian's chromium): axe-core finds no serious or critical WCAG
// 2.1 A/AA violation at desktop and phone widths, nothing overflows the
// phone's width, the Content-Security-Policy refuses scripts, and no
// feed-derived markup runs.  Prints TAP.
//
//   node report-axe.js NODE_MODULES CHROMIUM SHOTDIR PAGE...
//
// SHOTDIR ("" for none) receives a screenshot of every page and width.
'use strict';
const fs = require('fs');
const path = require('path');

const [mods, chromiumPath, shots, ...pages] = process.argv.slice(2);
const { chromium } = require(path.join(mods, 'playwright-core'));
const axeSource = fs.readFileSync(path.join(mods, 'axe-core', 'axe.min.js'),
    'utf8');
const widths = [1280, 390];
let n = 0, failed = 0;

function ok(cond, desc, diag) {
	n++;
	if (!cond) {
		failed++;
		console.log(`not ok ${n} - ${desc}`);
		if (diag)
			for (const l of String(diag).split('\n'))
				console.log(`# ${l}`);
	} else
		console.log(`ok ${n} - ${desc}`);
}

(async () => {
	console.log(`1..${pages.length * (widths.length * 3 + 1)}`);
	const browser = await chromium.launch({ executablePath: chromiumPath,
	    args: ['--no-sandbox', '--disable-gpu'] });
	try {
		for (const p of pages) {
			const url = 'file://' + path.resolve(p);
			const name = path.basename(p);
			for (const width of widths) {
				const ctx = await browser.newContext({ bypassCSP: true,
				    viewport: { width, height: 900 } });
				const page = await ctx.newPage();
				let dialogs = 0;
				page.on('dialog', d => { dialogs++; d.dismiss(); });
				await page.goto(url);
				const pwned = await page.evaluate(() =>
				    window.__pwned === undefined && !document.querySelector('script'));
				ok(pwned && dialogs === 0, `${name} at ${width}px: no markup from a feed runs`);
				const over = await page.evaluate(() =>
				    document.documentElement.scrollWidth - window.innerWidth);
				ok(over <= 0, `${name} at ${width}px: nothing is wider than the window`,
				    `the page is ${over}px too wide`);
				if (shots)
					await page.screenshot({ path: path.join(shots,
					    `${name}-${width}.png`), fullPage: true });
				await page.addScriptTag({ content: axeSource });
				const res = await page.evaluate(async () => await window.axe.run(document, {
				    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
				const bad = res.violations.filter(v =>
				    v.impact === 'serious' || v.impact === 'critical');
				ok(bad.length === 0, `${name} at ${width}px: axe-core finds no serious or critical violation`,
				    bad.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}) ` +
				    v.nodes.slice(0, 3).map(x => x.target.join(' ')).join('; ')).join('\n'));
				await ctx.close();
			}
			// with the page's own policy, a script cannot be added
			const ctx = await browser.newContext();
			const page = await ctx.newPage();
			await page.goto(url);
			let blocked = false;
			try {
				await page.addScriptTag({ content: 'window.__ran = 1;' });
			} catch (e) {
				blocked = true;
			}
			const ran = await page.evaluate(() => window.__ran === 1);
			ok(!ran, `${name}: its Content-Security-Policy refuses scripts`,
			    blocked ? '' : 'addScriptTag succeeded');
			await ctx.close();
		}
	} finally {
		await browser.close();
	}
	process.exit(failed ? 1 : 0);
})().catch(e => { console.log(`Bail out! ${e && e.message}`); process.exit(1); });
