import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../../src/web/html.ts';

describe('the escaping template', () => {
  it('escapes the five characters that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('escapes every interpolated value, in text and in attributes', () => {
    const story = '<img src=x onerror=alert(1)>';
    const title = '" onmouseover="alert(1)';
    const out = html`<p title="${title}">${story}</p>`.value;
    expect(out).toBe('<p title="&quot; onmouseover=&quot;alert(1)">&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(out).not.toContain('<img');
  });

  it('keeps nested fragments as markup, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
  });

  it('passes only what the program marked as trusted through unescaped', () => {
    expect(html`${trusted('<svg></svg>')}${'<svg></svg>'}`.value).toBe('<svg></svg>&lt;svg&gt;&lt;/svg&gt;');
  });

  it('leaves SQL fragments, bidi overrides and CJK text as inert text', () => {
    const input = "'; drop table signatures; -- \u202Eevil 김○○ 王○○";
    expect(html`<td>${input}</td>`.value).toBe(`<td>&#39;; drop table signatures; -- \u202Eevil 김○○ 王○○</td>`);
  });
});
