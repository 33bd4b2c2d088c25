import type { IncomingMessage } from 'node:http';

// What the loopback server itself says (before an operation runs), in the person's language: Chinese unless the
// browser (or the renderer, which sends its own language) asks for English first.
const zh = {
  forbiddenHost: '此服务只接受 127.0.0.1 或 localhost 的访问。',
  forbiddenOrigin: '拒绝来自其他网站的请求。',
  apiMethod: '接口只接受 POST 请求。',
  unauthorized:
    '此浏览器尚未获得访问授权：请打开运行 scilit web（npm run web）的窗口里显示的完整地址（含 #token=…）。授权后，在同一浏览器中再次打开 http://127.0.0.1:端口/ 即可继续。',
  staticMethod: '除 /api/ 外只提供 GET 访问。',
  notFound: (path: string) => `找不到 ${path}。`,
  noRenderer: '界面尚未构建：请运行 npm run build，或用 npm run web 启动。',
  mediaType: '接口只接受 JSON（Content-Type: application/json）。',
  tooLarge: (mb: number) => `请求内容超过 ${mb} MB。`,
  badJson: (detail: string) => `请求内容不是有效的 JSON：${detail}`,
  internal: '服务器内部错误，请重试；若仍出错，请把运行 scilit web 的窗口中的信息发给维护人员。',
};

type Messages = typeof zh;

const en: Messages = {
  forbiddenHost: 'this server answers only to 127.0.0.1 and localhost.',
  forbiddenOrigin: 'requests from other sites are refused.',
  apiMethod: 'API operations are called with POST.',
  unauthorized:
    'this browser is not signed in to scilit yet: open the full address shown where scilit web (npm run web) runs (with #token=…). After that, opening http://127.0.0.1:PORT/ again in the same browser carries on.',
  staticMethod: 'only GET is served outside /api/.',
  notFound: (path) => `${path} not found.`,
  noRenderer: 'the user interface is not built: run npm run build, or start with npm run web.',
  mediaType: 'the API takes JSON only (Content-Type: application/json).',
  tooLarge: (mb) => `the request body is larger than ${mb} MB.`,
  badJson: (detail) => `the request body is not valid JSON: ${detail}`,
  internal:
    'internal server error; try again, and if it persists send the maintainers what the scilit web window shows.',
};

/** English when the request's first language is English; Chinese otherwise (also when none is given). */
export function languageOf(req: IncomingMessage): 'zh' | 'en' {
  const first = (req.headers['accept-language'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

export function messagesFor(req: IncomingMessage): Messages {
  return languageOf(req) === 'en' ? en : zh;
}
