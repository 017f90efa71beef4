package org.interphase.fiji;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small Markdown subset of docs/ as HTML, for the Help pages shipped in the jar: headings, paragraphs,
 * bullet and numbered lists, fenced code, pipe tables, inline code, bold, italics and links (a link to
 * another page, {@code xps.md#anchor}, becomes {@code xps.html#anchor}). Not a general Markdown renderer.
 */
final class MarkdownHtml {
	private MarkdownHtml() {}

	static String page(String title, String markdown) {
		StringBuilder out = new StringBuilder();
		out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append(
			"</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.45}"
				+ "code,pre{background:#f4f4f4}pre{padding:.5em;overflow:auto}table{border-collapse:collapse}"
				+ "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}</style></head><body>\n");
		out.append(body(markdown));
		out.append("</body></html>\n");
		return out.toString();
	}

	static String body(String markdown) {
		String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
		StringBuilder out = new StringBuilder();
		StringBuilder para = new StringBuilder();
		String list = null;
		int i = 0;
		while (i < lines.length) {
			String line = lines[i];
			String t = line.trim();
			if (t.startsWith("```")) {
				flush(out, para);
				list = closeList(out, list);
				out.append("<pre><code>");
				i++;
				while (i < lines.length && !lines[i].trim().startsWith("```")) out.append(esc(lines[i++])).append('\n');
				out.append("</code></pre>\n");
				i++;
				continue;
			}
			if (t.isEmpty()) {
				flush(out, para);
				list = closeList(out, list);
				i++;
				continue;
			}
			Matcher h = Pattern.compile("^(#{1,6})\\s+(.*)$").matcher(t);
			if (h.matches()) {
				flush(out, para);
				list = closeList(out, list);
				int n = h.group(1).length();
				String text = h.group(2);
				out.append("<h").append(n).append(" id=\"").append(anchor(text)).append("\">").append(inline(text)).append(
					"</h").append(n).append(">\n");
				i++;
				continue;
			}
			if (t.startsWith("|") && i + 1 < lines.length && lines[i + 1].trim().matches("\\|?\\s*:?-{2,}.*")) {
				flush(out, para);
				list = closeList(out, list);
				out.append("<table>\n<tr>");
				for (String c : cells(t)) out.append("<th>").append(inline(c)).append("</th>");
				out.append("</tr>\n");
				i += 2;
				while (i < lines.length && lines[i].trim().startsWith("|")) {
					out.append("<tr>");
					for (String c : cells(lines[i].trim())) out.append("<td>").append(inline(c)).append("</td>");
					out.append("</tr>\n");
					i++;
				}
				out.append("</table>\n");
				continue;
			}
			Matcher li = Pattern.compile("^([-*]|\\d+[.)])\\s+(.*)$").matcher(t);
			if (li.matches()) { // nested items are listed flat
				flush(out, para);
				String kind = Character.isDigit(li.group(1).charAt(0)) ? "ol" : "ul";
				if (!kind.equals(list)) {
					closeList(out, list);
					out.append('<').append(kind).append(">\n");
					list = kind;
				}
				else out.append("</li>\n");
				out.append("<li>");
				para.append(li.group(2));
				i++;
				continue;
			}
			if (para.length() > 0) para.append(' ');
			para.append(t);
			i++;
		}
		flush(out, para);
		closeList(out, list);
		return out.toString();
	}

	private static void flush(StringBuilder out, StringBuilder para) {
		if (para.length() == 0) return;
		String text = inline(para.toString());
		boolean inItem = out.length() >= 4 && out.substring(out.length() - 4).equals("<li>");
		if (inItem) out.append(text).append('\n');
		else out.append("<p>").append(text).append("</p>\n");
		para.setLength(0);
	}

	private static String closeList(StringBuilder out, String list) {
		if (list != null) out.append("</li>\n</").append(list).append(">\n");
		return null;
	}

	private static String[] cells(String row) {
		String r = row;
		if (r.startsWith("|")) r = r.substring(1);
		if (r.endsWith("|")) r = r.substring(0, r.length() - 1);
		// a '|' inside `code` stays in its cell
		java.util.List<String> out = new java.util.ArrayList<>();
		StringBuilder c = new StringBuilder();
		boolean code = false;
		for (int k = 0; k < r.length(); k++) {
			char ch = r.charAt(k);
			if (ch == '`') code = !code;
			if (ch == '|' && !code && (k == 0 || r.charAt(k - 1) != '\\')) {
				out.add(c.toString().trim());
				c.setLength(0);
			}
			else c.append(ch);
		}
		out.add(c.toString().trim());
		return out.toArray(new String[0]);
	}

	/** Inline code, links, bold and italics; everything else escaped. */
	static String inline(String s) {
		StringBuilder out = new StringBuilder();
		Matcher m = Pattern.compile("`([^`]+)`").matcher(s);
		int last = 0;
		while (m.find()) {
			out.append(spans(s.substring(last, m.start())));
			out.append("<code>").append(esc(m.group(1))).append("</code>");
			last = m.end();
		}
		out.append(spans(s.substring(last)));
		return out.toString();
	}

	private static String spans(String s) {
		String e = esc(s);
		Matcher m = Pattern.compile("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)").matcher(e);
		StringBuffer sb = new StringBuffer();
		while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement("<a href=\"" + href(m.group(2)) + "\">" + m
			.group(1) + "</a>"));
		m.appendTail(sb);
		String r = sb.toString();
		r = r.replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>");
		r = r.replaceAll("(?<![\\w*])\\*([^*\\s][^*]*)\\*(?![\\w*])", "<i>$1</i>");
		return r;
	}

	/** A link to another page of docs/ points to its HTML; README.md and external links stay. */
	static String href(String target) {
		if (target.matches("^[a-z]+:.*")) return target;
		return target.replaceFirst("^([\\w.-]+)\\.md(#.*)?$", "$1.html$2");
	}

	/** GitHub-style heading anchor: lower case, punctuation dropped, spaces as '-'. */
	static String anchor(String heading) {
		return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").trim().replace(' ', '-');
	}

	static String esc(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
