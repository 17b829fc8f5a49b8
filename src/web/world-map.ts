/**
 * The world map, drawn on the server as SVG from Natural Earth's boundaries
 * (world-atlas) with d3-geo's Equal Earth projection, so areas compare
 * fairly and the page needs no script to show it. Shapes are projected once
 * per process; each render only picks colours.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoCentroid, geoEqualEarth, geoPath, type GeoProjection } from 'd3-geo';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { html, type Html } from './html.ts';
import type { PublicCountryFigure } from './public-figures.ts';

const WIDTH = 800;
/**
 * Share of the 1:110m dataset's points kept: the outlines stay recognisable
 * and the map stays near 30 KB, well inside the page's 100 KB.
 */
const KEEP_POINTS = 0.3;
/** Antarctica has no embassies and takes a fifth of the height. */
const LEFT_OUT = new Set(['010']);

/** Sequential blues (ColorBrewer), lightest for the fewest signatures. */
export const MAP_SHADES = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;
const NO_SIGNATURES = '#e2e5ea';

interface Shape {
  /** ISO alpha-2, or null for the few areas without an ISO code. */
  country: string | null;
  d: string;
}

interface Geometry {
  shapes: Shape[];
  /** Countries too small for the 1:110m outlines (Singapore, Hong Kong, ...), drawn as dots. */
  dots: Map<string, [number, number]>;
  viewBox: string;
}

let geometry: Geometry | null = null;

function atlas(name: string): Topology<{ countries: GeometryCollection }> {
  const path = createRequire(import.meta.url).resolve(`world-atlas/${name}`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

function alpha2(numeric: string | number | undefined): string | null {
  return numeric === undefined ? null : (countries.numericToAlpha2(String(numeric)) ?? null);
}

function project(): Geometry {
  let topology = presimplify(atlas('countries-110m.json') as never) as unknown as Topology<{ countries: GeometryCollection }>;
  topology = simplify(topology as never, quantile(topology as never, KEEP_POINTS)) as unknown as typeof topology;
  const shown = feature(topology, topology.objects.countries).features.filter((f) => !LEFT_OUT.has(String(f.id)));
  const collection = { type: 'FeatureCollection' as const, features: shown };
  const projection: GeoProjection = geoEqualEarth().fitWidth(WIDTH, collection);
  const path = geoPath(projection).digits(0);
  const [[x0, y0], [x1, y1]] = path.bounds(collection);
  const shapes = shown.map((f) => ({ country: alpha2(f.id), d: tidy(path(f) ?? '') })).filter((s) => s.d !== '');

  const drawn = new Set(shapes.map((s) => s.country));
  const dots = new Map<string, [number, number]>();
  const detailed = atlas('countries-50m.json');
  for (const f of feature(detailed, detailed.objects.countries).features) {
    const code = alpha2(f.id);
    if (!code || drawn.has(code) || LEFT_OUT.has(String(f.id))) continue;
    const point = projection(geoCentroid(f));
    if (point) dots.set(code, [Math.round(point[0]), Math.round(point[1])]);
  }
  const box = [Math.floor(x0), Math.floor(y0), Math.ceil(x1 - x0), Math.ceil(y1 - y0)].join(' ');
  return { shapes, dots, viewBox: box };
}

/**
 * Rounding to whole pixels leaves repeated points and islands that shrank to
 * one point; dropping them saves a fifth of the markup and changes no pixel.
 */
function tidy(d: string): string {
  return d
    .split(/(?=M)/)
    .map((ring) => ring.replace(/L(-?\d+),(-?\d+)(?=L\1,\2(?![\d,]))/g, ''))
    .filter((ring) => new Set(ring.match(/-?\d+,-?\d+/g)).size > 2)
    .join('');
}

/** Projects the shapes now rather than on the first request (about half a second). */
export function prepareWorldMap(): void {
  geometry ??= project();
}

/** The shade for a weight, on a log scale up to the largest weight shown. */
export function shadeOf(weight: number, maxWeight: number): string {
  if (weight <= 0) return NO_SIGNATURES;
  const step = maxWeight <= 1 ? MAP_SHADES.length - 1 : Math.floor((Math.log(weight) / Math.log(maxWeight)) * (MAP_SHADES.length - 1));
  return MAP_SHADES[Math.min(MAP_SHADES.length - 1, Math.max(0, step))]!;
}

export interface MapLabels {
  /** The map's accessible name. */
  title: string;
  /** What the reader finds in it, and that the table beside it has the same figures. */
  description: string;
  /** A tooltip for a country with signatures, e.g. "Korea: 12". */
  countryTitle(figure: PublicCountryFigure): string;
}

/**
 * The map shaded by the public figures (see public-figures.ts): a country's
 * shade shows no more than its published count.
 *
 * @example worldMapSvg(publicCountryFigures(stats.byCountry, OPEN_FIGURES), labels)
 */
export function worldMapSvg(figures: readonly PublicCountryFigure[], labels: MapLabels): Html {
  const g = (geometry ??= project());
  const byCountry = new Map(figures.map((f) => [f.country, f]));
  const maxWeight = Math.max(1, ...figures.map((f) => f.weight));
  const blank: string[] = [];
  const shaded: Html[] = [];
  for (const shape of g.shapes) {
    const figure = shape.country ? byCountry.get(shape.country) : undefined;
    if (!figure) {
      blank.push(shape.d);
      continue;
    }
    shaded.push(html`<path d="${shape.d}" fill="${shadeOf(figure.weight, maxWeight)}"><title>${labels.countryTitle(figure)}</title></path>`);
  }
  const dots = figures
    .filter((f) => g.dots.has(f.country))
    .map((f) => {
      const [x, y] = g.dots.get(f.country)!;
      return html`<circle cx="${x}" cy="${y}" r="4" fill="${shadeOf(f.weight, maxWeight)}"><title>${labels.countryTitle(f)}</title></circle>`;
    });
  // Countries without signatures share one path: nothing tells them apart.
  return html`<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="${g.viewBox}" role="img" aria-labelledby="map-title map-desc"><title id="map-title">${labels.title}</title><desc id="map-desc">${labels.description}</desc><g stroke="#fff" stroke-width=".5"><path d="${blank.join('')}" fill="${NO_SIGNATURES}"/>${shaded}</g><g stroke="#fff" stroke-width="1">${dots}</g></svg>`;
}
