/**
 * Geo answers as ODK writes them: points "lat lon altitude accuracy" (degrees, metres), a trace or shape as points
 * joined by ";". area() and distance() on a sphere of radius 6,378,100 m, the constant of JavaRosa's GeoUtils
 * (ODK Collect) and Enketo.
 */
const EARTH_RADIUS = 6_378_100;

function points(text: string): { lat: number; lon: number }[] | undefined {
  const out: { lat: number; lon: number }[] = [];
  for (const part of text.split(';')) {
    const t = part.trim();
    if (t === '') continue;
    const [lat, lon] = t.split(/\s+/).map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat!) > 90 || Math.abs(lon!) > 180) return undefined;
    out.push({ lat: lat!, lon: lon! });
  }
  return out;
}

const rad = (d: number) => (d * Math.PI) / 180;

/** Length in metres of the path through the points (great-circle, haversine). NaN for text that is not points. */
export function distanceOf(text: string): number {
  const ps = points(text);
  if (!ps) return Number.NaN;
  let total = 0;
  for (let i = 1; i < ps.length; i++) {
    const a = ps[i - 1]!;
    const b = ps[i]!;
    const h =
      Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
      Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
    total += 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  return total;
}

/**
 * Area in square metres of the polygon through the points (closed automatically), on the sphere:
 * |Σ (λ₂ − λ₁)(2 + sin φ₁ + sin φ₂)| · R² / 2 (Chamberlain & Duquette, "Some algorithms for polygons on a sphere",
 * JPL 2007), the formula JavaRosa uses.
 */
export function areaOf(text: string): number {
  const ps = points(text);
  if (!ps) return Number.NaN;
  if (ps.length < 3) return 0;
  let sum = 0;
  for (let i = 0; i < ps.length; i++) {
    const a = ps[i]!;
    const b = ps[(i + 1) % ps.length]!;
    sum += rad(b.lon - a.lon) * (2 + Math.sin(rad(a.lat)) + Math.sin(rad(b.lat)));
  }
  return Math.abs((sum * EARTH_RADIUS * EARTH_RADIUS) / 2);
}
