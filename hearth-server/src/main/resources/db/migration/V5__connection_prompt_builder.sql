-- The EasyLLM prompt builder (llama2, chatml_falcon, ...) a connection's chat requests are rendered with, for servers
-- that have TGI's /generate but no chat route; null to use the server's own chat route.
ALTER TABLE connections ADD COLUMN prompt_builder TEXT;
