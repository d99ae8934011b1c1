// Pixels that letters of two neighbouring lines share, per element matched by the selector.
// Each word is drawn where the page laid it out (same font, same shaping) onto one of two
// canvases, even lines on one and odd lines on the other; ink present on both is a collision.
// Words are separated by spaces, so drawing them one by one keeps their joined shapes.
selector => {
  const scale = 2, margin = 40;
  const range = document.createRange();
  const measure = document.createElement("canvas").getContext("2d");
  const collisions = [];
  let wrapped = 0;
  for (const element of document.querySelectorAll(selector)) {
    const words = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const style = getComputedStyle(node.parentElement);
      const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      measure.font = font;
      for (const match of node.data.matchAll(/\S+/g)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const boxes = [...range.getClientRects()].filter(box => box.height);
        if (boxes.length !== 1) continue;
        const ascent = measure.measureText(match[0]).fontBoundingBoxAscent;
        words.push({text: match[0], font, direction: style.direction,
                    left: boxes[0].left, baseline: boxes[0].top + ascent});
      }
    }
    const baselines = [];
    for (const word of words.sort((a, b) => a.baseline - b.baseline)) {
      if (!baselines.length || word.baseline - baselines.at(-1) > 3) baselines.push(word.baseline);
      word.line = baselines.length - 1;
    }
    if (baselines.length < 2) continue;
    wrapped++;
    const area = element.getBoundingClientRect();
    const width = Math.ceil((area.width + 2 * margin) * scale);
    const height = Math.ceil((area.height + 2 * margin) * scale);
    const layers = [0, 1].map(() => {
      const canvas = document.createElement("canvas");
      canvas.width = width; canvas.height = height;
      const context = canvas.getContext("2d", {willReadFrequently: true});
      context.setTransform(scale, 0, 0, scale, (margin - area.left) * scale, (margin - area.top) * scale);
      context.textAlign = "left";
      context.textBaseline = "alphabetic";
      return context;
    });
    for (const word of words) {
      const context = layers[word.line % 2];
      context.font = word.font;
      context.direction = word.direction;
      context.fillText(word.text, word.left, word.baseline);
    }
    const [even, odd] = layers.map(context => context.getImageData(0, 0, width, height).data);
    let shared = 0;
    for (let index = 3; index < even.length; index += 4) {
      if (even[index] > 128 && odd[index] > 128) shared++;
    }
    if (shared >= 4) collisions.push([element.textContent.trim().slice(0, 40), shared]);
  }
  return {wrapped, collisions};
}
