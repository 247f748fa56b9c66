/** Review comments: attached to a question (variable) or to the whole bilan. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export interface CommentView {
  id: number;
  variable: string | null;
  message: string;
  author_email: string | null;
  created_at: string;
}

export async function addComments(db: Kysely<Database>, bilanId: number, authorId: number, comments: Array<{ variable: string | null; message: string }>, at: string): Promise<void> {
  if (comments.length === 0) return;
  await db
    .insertInto('comments')
    .values(comments.map((c) => ({ bilan_id: bilanId, variable: c.variable, message: c.message, author_id: authorId, created_at: at })))
    .execute();
}

export async function listComments(db: Kysely<Database>, bilanId: number): Promise<CommentView[]> {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select(['comments.id', 'comments.variable', 'comments.message', 'users.email as author_email', 'comments.created_at'])
    .where('comments.bilan_id', '=', bilanId)
    .orderBy('comments.id')
    .execute();
}
