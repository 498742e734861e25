/** Text for HTML: every character that could open markup or an attribute is an entity. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
