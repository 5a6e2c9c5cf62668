/** Inline SVG icons drawn in currentColor, so they follow the theme and need no icon font or emoji font. */

const svgNs = 'http://www.w3.org/2000/svg';

/** Thumb outline: cuff on the left, thumb up and to the right; "down" is the same drawing turned half a circle. */
const thumbPath =
  'M2.5 7.5h2.5v6h-2.5z M5 7.5l2.6-4.6c.3-.5.9-.7 1.4-.4.6.3.9 1 .7 1.6l-.6 2h3.4c.8 0 1.4.8 1.2 1.6l-1 4.3c-.2.6-.7 1.1-1.4 1.1H5';

export function thumbIcon(direction: 'up' | 'down'): SVGSVGElement {
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('d', thumbPath);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.2');
  path.setAttribute('stroke-linejoin', 'round');
  if (direction === 'down') path.setAttribute('transform', 'rotate(180 8 8)');
  svg.append(path);
  return svg;
}
