// Each digit's posterior q(z|x) = N(mu, diag(exp(logvar))) as the latent map shows it: its 1-sigma ellipse in
// the map's two coordinates (with PCA, the projection A·Σ·Aᵀ of its covariance on the two axes), and samples
// z = mu + sigma·eps — the reparameterisation the training uses, made visible.

/** The ellipse of N(mu, diag(exp(logvar))) on the map: centre, radii (1 sigma) and angle (radians). */
export function projectedEllipse(mu, logvar, mean, axes) {
  const latent = mu.length;
  const a0 = axes[0];
  const a1 = latent > 1 ? axes[1] : new Array(latent).fill(0);
  let cx = 0; let cy = 0; let a = 0; let b = 0; let c = 0;
  for (let d = 0; d < latent; d++) {
    const v = Math.exp(logvar[d]);
    cx += (mu[d] - mean[d]) * a0[d];
    cy += (mu[d] - mean[d]) * a1[d];
    a += a0[d] * a0[d] * v;
    b += a0[d] * a1[d] * v;
    c += a1[d] * a1[d] * v;
  }
  const half = Math.sqrt(((a - c) / 2) ** 2 + b * b);
  const l1 = (a + c) / 2 + half;
  const l2 = Math.max(0, (a + c) / 2 - half);
  return { cx, cy, r1: Math.sqrt(l1), r2: Math.sqrt(l2), angle: 0.5 * Math.atan2(2 * b, a - c) };
}

/** The prior N(0, I) on the map: the same projection of mean 0 and the identity covariance. */
export function priorEllipse(latent, mean, axes) {
  return projectedEllipse(new Array(latent).fill(0), new Array(latent).fill(0), mean, axes);
}

function gaussian() {
  const u = 1 - Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
}

/** K codes z = mu + exp(logvar / 2) · eps, eps ~ N(0, I). */
export function sampleCodes(mu, logvar, k) {
  return Array.from({ length: k }, () => mu.map((m, d) => m + Math.exp(logvar[d] / 2) * gaussian()));
}

/** Test digit i's mu and logvar, as arrays, from the latent map's codes. */
export function posteriorOf(map, i) {
  const l = map.latent;
  return { mu: Array.from(map.mu.subarray(i * l, (i + 1) * l)), logvar: Array.from(map.logvar.subarray(i * l, (i + 1) * l)) };
}
