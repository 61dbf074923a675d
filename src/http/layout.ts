// The page frame: landmarks, skip link, navigation, language switch, and a small stylesheet
// with enough contrast; no scripts are needed for anything.
import { html, raw, type Raw } from './html.ts';
import { t, type Lang } from './i18n.ts';

export interface PageContext {
  lang: Lang;
  /** The page's path, to mark the navigation's current item; never written into the page. */
  path: string;
  /** The logged-in account, for the navigation. */
  user: { username: string; role: string } | null;
  csrf: string;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#1a1a1a;background:#fff;line-height:1.55}
a{color:#0b4f9c}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #b35900;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px;z-index:9}
header{background:#8c1515;color:#fff;padding:10px 20px}header a{color:#fff}header .brand{font-size:1.25rem;font-weight:700;text-decoration:none}
nav ul{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:16px}
main{max-width:1100px;margin:0 auto;padding:20px}footer{border-top:1px solid #ccc;padding:16px 20px;color:#444;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:8px 0 20px}th,td{border:1px solid #bbb;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f1f1f1}caption{text-align:left;padding:4px 0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85rem;border:1px solid currentColor}
.neg{color:#8c1515}.pos{color:#1d6b2c}.warn{color:#7a4b00}
form.search{display:flex;gap:8px;flex-wrap:wrap;margin:12px 0}form.search input{flex:1;min-width:260px;font-size:1.1rem;padding:8px}
button{background:#0b4f9c;color:#fff;border:0;padding:8px 16px;font-size:1rem;cursor:pointer;border-radius:3px}
label{display:block;font-weight:600;margin-top:10px}input,textarea,select{font-size:1rem;padding:6px;max-width:100%}textarea{width:100%;min-height:80px}
.note{color:#444;font-size:.92rem}.notice{border-left:4px solid #0b4f9c;background:#eef4fb;padding:8px 12px;margin:12px 0}
.error{border-left:4px solid #8c1515;background:#fbeeee;padding:8px 12px;margin:12px 0}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dl.summary dt{font-weight:600}
svg text{font-size:12px;fill:#1a1a1a}
`;

/**
 * The language switch: a reference relative to the page's own address, so the page never repeats
 * its path (which may hold an identity number) and the switch still leads back to it.
 */
function switchLang(lang: Lang): string {
  return `?lang=${lang === 'zh' ? 'en' : 'zh'}`;
}

export function page(ctx: PageContext, title: string, body: Raw): string {
  const { lang } = ctx;
  const nav: Array<[string, string]> = [
    ['/', t('home', lang)],
    ['/lists', t('lists', lang)],
    ['/catalogue', t('catalogue', lang)],
    ['/measures', t('measures', lang)],
    ['/statistics', t('statistics', lang)],
    ['/reports/verify', t('verifyReport', lang)],
  ];
  const account = ctx.user
    ? html`<li><a href="/me">${t('myAccount', lang)}</a></li>
        <li>
          <form method="post" action="/logout" style="display:inline">
            <input type="hidden" name="_csrf" value="${ctx.csrf}" /><button
              type="submit"
              style="background:none;padding:0;color:#fff;text-decoration:underline"
            >
              ${t('logout', lang)} (${ctx.user.username})
            </button>
          </form>
        </li>`
    : html`<li><a href="/login">${t('login', lang)}</a></li>`;
  return `<!doctype html>${
    html`<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${t('site', lang)}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">${t('skip', lang)}</a>
        <header>
          <a class="brand" href="/">${t('site', lang)} · xinyong</a>
          <nav aria-label="${lang === 'zh' ? '主导航' : 'Main'}">
            <ul>
              ${nav.map(([href, label]) => html`<li><a href="${href}" ${ctx.path === href ? raw('aria-current="page"') : ''}>${label}</a></li>`)} ${account}
              <li><a href="${switchLang(lang)}" lang="${lang === 'zh' ? 'en' : 'zh-CN'}">${t('language', lang)}</a></li>
            </ul>
          </nav>
        </header>
        <main id="main">${body}</main>
        <footer>
          <p>
            ${lang === 'zh' ? '本平台只记载依法作出的生效决定；公示期满自动停止公示；主体可查询本人全部信息、提出异议并申请信用修复。' : 'Only legally effective decisions are recorded; publicity ends by itself; every subject can see everything about itself, object and apply for repair.'}
          </p>
        </footer>
      </body>
    </html>`.value
  }`;
}
