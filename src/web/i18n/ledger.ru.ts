import type { Message } from './en.ts';
import type { ledgerEn } from './ledger.en.ts';

export const ledgerRu: Record<keyof typeof ledgerEn, Message> = {
  'ledger.title': 'Журнал',
  'ledger.intro':
    'Каждое изменение в этом досье — запись в журнале, который можно только дополнять. Сервер подписывает контрольные точки журнала, поэтому любой может проверить, что ни одну запись потом не изменили, не удалили и не переставили.',

  'ledger.key.title': 'Ключ проверки',
  'ledger.key.name': 'Имя',
  'ledger.key.key': 'Ключ',
  'ledger.key.help':
    'Открытый ключ, которым проверяются подписи сервера. Сравните его с копией, опубликованной в другом месте, чтобы убедиться, что это ключ сервера.',
  'ledger.key.none': 'Этот сервер не подписывает контрольные точки.',

  'ledger.checkpoint.title': 'Последняя контрольная точка',
  'ledger.checkpoint.size': 'Записей охвачено',
  'ledger.checkpoint.root': 'Корневой хеш',
  'ledger.checkpoint.signedAt': 'Подписана',
  'ledger.checkpoint.note': 'Подписанная запись',
  'ledger.checkpoint.none': 'Для этого досье ещё не подписано ни одной контрольной точки.',

  'ledger.verify.title': 'Проверка',
  'ledger.verify.explain':
    'Проверка загружает весь журнал, заново вычисляет хеш каждой записи и корень дерева над ними и сверяет результат с контрольной точкой, подписанной ключом выше. Если проверка пройдена, полученный вами журнал — ровно тот, что подписал сервер: ни одна запись в нём не изменена, не удалена и не переставлена.',
  'ledger.verify.button': 'Проверить весь журнал в этом браузере',
  'ledger.verify.downloading': 'Загрузка журнала…',
  'ledger.verify.entries': 'Проверка записей: {done} из {total}',
  'ledger.verify.tree': 'Пересчёт дерева: {done} из {total} хешей',
  'ledger.verify.progress': 'Ход проверки',
  'ledger.verify.ok': {
    one: 'Проверено: {count} запись сверена с контрольной точкой размера {size}, подписанной {at}.',
    few: 'Проверено: {count} записи сверены с контрольной точкой размера {size}, подписанной {at}.',
    many: 'Проверено: {count} записей сверено с контрольной точкой размера {size}, подписанной {at}.',
    other: 'Проверено: {count} записи сверены с контрольной точкой размера {size}, подписанной {at}.',
  },
  'ledger.verify.okUndated': {
    one: 'Проверено: {count} запись сверена с контрольной точкой размера {size}.',
    few: 'Проверено: {count} записи сверены с контрольной точкой размера {size}.',
    many: 'Проверено: {count} записей сверено с контрольной точкой размера {size}.',
    other: 'Проверено: {count} записи сверены с контрольной точкой размера {size}.',
  },
  'ledger.verify.withheld': {
    one: '{count} из них скрыта от вас: она проверена только по хешу.',
    few: '{count} из них скрыты от вас: они проверены только по хешам.',
    many: '{count} из них скрыто от вас: они проверены только по хешам.',
    other: '{count} из них скрыты от вас: они проверены только по хешам.',
  },
  'ledger.verify.failedAt': 'Не проверено: первая запись, которая не сходится, — запись {index}.',
  'ledger.verify.failed': 'Не проверено.',
  'ledger.verify.findings':
    'Что нашла проверка, словами офлайн-проверки (pointwise ledger verify), по-английски:',
  'ledger.verify.unavailable':
    'Этот браузер не может провести проверку здесь: нужен WebCrypto с Ed25519, а для него — свежий браузер и защищённое (HTTPS) соединение. Скачайте пакет и проверьте его офлайн.',

  'ledger.download.link': 'Скачать пакет журнала',
  'ledger.download.help':
    'Чтобы проверить его на другом компьютере, без сервера и базы данных, выполните в папке со скачанным файлом:',

  'ledger.entries.title': 'Записи',
  'ledger.entries.caption': 'Записи журнала, сначала новые',
  'ledger.entries.index': 'Номер',
  'ledger.entries.type': 'Изменение',
  'ledger.entries.subject': 'Предмет',
  'ledger.entries.actor': 'Кто',
  'ledger.entries.recordedAt': 'Когда записано',
  'ledger.entries.system': 'Система ({label})',
  'ledger.entries.hiddenNote':
    'Показаны только записи, которые вам можно читать. Остальные тоже есть в журнале, и проверка охватывает и их.',
  'ledger.entries.none': 'Здесь нет записей, которые вам можно читать.',
  'ledger.entries.range': 'Записи с {newest} по {oldest}',
  'ledger.entries.pages': 'Страницы записей',
  'ledger.entries.newer': 'Более новые записи',
  'ledger.entries.older': 'Более старые записи',
};
