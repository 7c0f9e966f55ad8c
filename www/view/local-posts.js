// A post source over posts held in the page (a saved report file that includes them):
// the same filter as the Worker's (src/report/posts.rs, PostFilter), applied in JS.
const yearMonth = (iso, timeZone) => {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone }).formatToParts(new Date(iso));
  const y = parts.find((p) => p.type === 'year').value;
  const m = parts.find((p) => p.type === 'month').value;
  return [Number(y), `${y}-${m}`];
};

export function localPosts(posts, timeZone) {
  const all = (posts || []).slice().sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  const matches = (p, f, words, ids) => {
    if (f.purpose && p.purpose !== f.purpose) return false;
    if (f.topic && !p.topics.includes(f.topic)) return false;
    if (f.kind && p.kind !== f.kind) return false;
    if (f.chat && (!p.chat || p.chat.toLowerCase() !== f.chat.toLowerCase())) return false;
    if (f.recoded !== undefined && f.recoded !== null && p.recoded !== f.recoded) return false;
    if (f.platform && p.platform !== f.platform) return false;
    if (f.followers_only !== undefined && f.followers_only !== null && p.followers_only !== f.followers_only) return false;
    if (f.year || f.month) {
      const [y, ym] = yearMonth(p.created_at, timeZone);
      if (f.year && f.year !== y) return false;
      if (f.month && f.month !== ym) return false;
    }
    if (ids && !ids.has(p.id)) return false;
    if (words.length) {
      const text = p.text.toLowerCase();
      if (!words.every((w) => text.includes(w))) return false;
    }
    return true;
  };
  return {
    canRecode: false,
    hasPosts: all.length > 0,
    missingText: all.length ? '' : 'This saved report does not include the text of the posts (it was saved without them).',
    async page(filter, offset, limit) {
      const words = (filter.text || '').toLowerCase().split(/\s+/).filter(Boolean);
      const ids = filter.ids ? new Set(filter.ids) : null;
      const found = all.filter((p) => matches(p, filter, words, ids));
      return { total: found.length, offset, posts: found.slice(offset, offset + limit) };
    },
  };
}
