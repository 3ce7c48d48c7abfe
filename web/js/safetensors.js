// Reads a safetensors file (docs/api.md): an 8-byte little-endian header length, a JSON header naming each
// tensor's dtype, shape and byte range, then the data. The server writes F32 and U8 tensors only.
const TYPES = { F32: Float32Array, U8: Uint8Array };

/** { tensors: { name: { dtype, shape, data } }, metadata } of an ArrayBuffer; throws with the reason if malformed. */
export function readSafetensors(buffer) {
  if (buffer.byteLength < 8) throw new Error('not a safetensors file: too short');
  const view = new DataView(buffer);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength <= 0 || 8 + headerLength > buffer.byteLength) throw new Error('not a safetensors file: bad header length');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength)));
  const start = 8 + headerLength;
  const tensors = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const Type = TYPES[info.dtype];
    if (!Type) throw new Error(`tensor ${name}: dtype ${info.dtype} is not F32 or U8`);
    const [begin, end] = info.data_offsets;
    const count = info.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * Type.BYTES_PER_ELEMENT || start + end > buffer.byteLength) {
      throw new Error(`tensor ${name}: its bytes do not match its shape`);
    }
    const offset = start + begin;
    // a typed array must start at a multiple of its element size; copy when the file's layout does not
    const data = offset % Type.BYTES_PER_ELEMENT === 0
      ? new Type(buffer, offset, count) : new Type(buffer.slice(offset, start + end));
    tensors[name] = { dtype: info.dtype, shape: info.shape, data };
  }
  return { tensors, metadata: header.__metadata__ || {} };
}
